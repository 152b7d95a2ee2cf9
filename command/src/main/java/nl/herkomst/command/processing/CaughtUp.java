package nl.herkomst.command.processing;

import java.util.Map;
import java.util.function.BooleanSupplier;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;

/**
 * Whether an event processor has handled everything up to the head of the stream, with all of its segments
 * claimed here. Until then it may still deliver events that were stored but not acknowledged before a stop,
 * and a recovery that acted on them as well would run the same step twice.
 */
public final class CaughtUp implements BooleanSupplier {

    private final EventProcessingConfiguration processing;
    private final String processor;

    public CaughtUp(EventProcessingConfiguration processing, String processor) {
        this.processing = processing;
        this.processor = processor;
    }

    @Override
    public boolean getAsBoolean() {
        StreamingEventProcessor p = processing.eventProcessor(processor, StreamingEventProcessor.class).orElse(null);
        if (p == null || !p.isRunning()) {
            return false;
        }
        Map<Integer, EventTrackerStatus> status = p.processingStatus();
        double claimed = status.values().stream().mapToDouble(s -> 1.0 / (s.getSegment().getMask() + 1)).sum();
        return claimed > 0.999 && status.values().stream().allMatch(s -> s.isCaughtUp() && !s.isErrorState());
    }
}
