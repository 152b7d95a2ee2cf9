package nl.herkomst.api.event;

import java.time.Instant;
import java.util.List;

/**
 * A download of a MedMij list was not accepted; the previous version stays in use.
 *
 * @param code       why, in one stable code: NETWORK, TIMEOUT, HOST_NOT_WHITELISTED, HTTP_STATUS, CONTENT_TYPE,
 *                   TOO_LARGE, a rule of the list's release (DOCTYPE, NOT_WELL_FORMED, STRUCTURE, VALUE, DUPLICATE,
 *                   …) or a rule of its history (VOLGNUMMER_NOT_HIGHER, EMPTY_WHITELIST)
 * @param reasons    the details: which rule, where in the document
 * @param sha256     the bytes that came, kept in the content store (null when none came)
 * @param httpStatus the HTTP status, when an answer came
 * @param volgnummer the Volgnummer the document claimed, when it could be read
 */
public record ListDownloadRejected(String list, String source, String code, List<String> reasons, String sha256, Integer httpStatus,
                                   String volgnummer, Instant fetchedAt) {
}
