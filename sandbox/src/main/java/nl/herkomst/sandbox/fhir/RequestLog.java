package nl.herkomst.sandbox.fhir;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * Every request the sandbox's FHIR server received and what it answered (as the Nictiz platform records
 * the exchange between PGO and reference server), the newest {@code capacity} kept, for the qualification
 * dry run.
 */
public final class RequestLog {

    /**
     * @param url         the path and query as received (percent-decoded)
     * @param requestBody what a POST carried (a shared Bundle); empty for other requests
     */
    public record Exchange(long sequence, Instant at, String method, String url, Map<String, String> headers, int status,
                           String contentType, byte[] body, byte[] requestBody) {
    }

    private final Deque<Exchange> exchanges = new ArrayDeque<>();
    private final int capacity;
    private long sequence;

    public RequestLog(int capacity) {
        this.capacity = capacity;
    }

    public synchronized long record(String method, String url, Map<String, String> headers, int status, String contentType, byte[] body) {
        return record(method, url, headers, status, contentType, body, new byte[0]);
    }

    public synchronized long record(String method, String url, Map<String, String> headers, int status, String contentType, byte[] body,
                                    byte[] requestBody) {
        if (exchanges.size() == capacity) {
            exchanges.removeFirst();
        }
        exchanges.addLast(new Exchange(++sequence, Instant.now(), method, url, Map.copyOf(headers), status, contentType, body, requestBody));
        return sequence;
    }

    /** The exchanges after {@code sequence} (0 for all that are kept). */
    public synchronized List<Exchange> since(long sequence) {
        List<Exchange> result = new ArrayList<>();
        for (Exchange e : exchanges) {
            if (e.sequence() > sequence) {
                result.add(e);
            }
        }
        return result;
    }

    public synchronized long last() {
        return sequence;
    }
}
