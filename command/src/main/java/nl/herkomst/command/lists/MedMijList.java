package nl.herkomst.command.lists;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import nl.herkomst.api.command.RecordListDownload;
import nl.herkomst.api.event.ListDownloadRejected;
import nl.herkomst.api.event.ListVersionAccepted;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * The history of one MedMij list ({@code zal}, {@code ocl}, {@code gnl}, {@code whitelist}): every accepted
 * version and every rejected download. It holds the rules that need the accepted version: a new version
 * must have a higher Volgnummer than the current one, and an empty Whitelist never replaces a non-empty one.
 * The same bytes as the current version again (the 15-minute refresh of an unchanged list) record nothing.
 * A list's stream grows by one event per rejected download (during a long outage, one every 15 minutes):
 * a snapshot every {@code herkomst.lists.snapshot-every} events (100) keeps loading it short.
 */
@Aggregate(type = "MedMijList", snapshotTriggerDefinition = "medMijListSnapshots")
@com.fasterxml.jackson.annotation.JsonAutoDetect(fieldVisibility = com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility.ANY)
public class MedMijList {

    @AggregateIdentifier
    private String list;
    private BigInteger volgnummer;
    private String sha256;
    private int entries;

    protected MedMijList() {
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public String handle(RecordListDownload c) {
        if (!c.valid()) {
            reject(c, c.code(), c.reasons());
            return "REJECTED:" + c.code();
        }
        if (c.sha256().equals(sha256)) {
            return RecordListDownload.UNCHANGED;
        }
        BigInteger offered = new BigInteger(c.volgnummer());
        Optional<String[]> refused = judge(c.list(), volgnummer, entries, offered, c.entries());
        if (refused.isPresent()) {
            reject(c, refused.get()[0], List.of(refused.get()[1]));
            return "REJECTED:" + refused.get()[0] + "\n" + refused.get()[1];
        }
        apply(new ListVersionAccepted(c.list(), c.release(), offered.toString(), c.tijdstempel(), c.sha256(), c.size(), c.counts(),
                c.source(), c.fetchedAt()));
        return RecordListDownload.ACCEPTED;
    }

    /**
     * The rules of the history for a valid document that differs from the current version: its code and
     * reason when it may not replace it.
     */
    public static Optional<String[]> judge(String list, BigInteger current, int currentEntries, BigInteger offered, int offeredEntries) {
        if (current != null && offered.compareTo(current) <= 0) {
            return Optional.of(new String[] {"VOLGNUMMER_NOT_HIGHER", "Volgnummer " + offered + " is not higher than the accepted " + current
                    + (offered.equals(current) ? ", yet the document differs from it" : "")});
        }
        if ("whitelist".equals(list) && offeredEntries == 0 && currentEntries > 0) {
            return Optional.of(new String[] {"EMPTY_WHITELIST", "an empty Whitelist never replaces one with " + currentEntries + " hosts"});
        }
        return Optional.empty();
    }

    private void reject(RecordListDownload c, String code, List<String> reasons) {
        apply(new ListDownloadRejected(c.list(), c.source(), code, reasons, c.sha256(), c.httpStatus(), c.volgnummer(), c.fetchedAt()));
    }

    @EventSourcingHandler
    void on(ListVersionAccepted e) {
        list = e.list();
        volgnummer = new BigInteger(e.volgnummer());
        sha256 = e.sha256();
        entries = e.counts().values().stream().mapToInt(Integer::intValue).max().orElse(0);
    }

    @EventSourcingHandler
    void on(ListDownloadRejected e) {
        list = e.list();
    }
}
