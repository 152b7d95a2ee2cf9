package nl.herkomst.command.share;

import java.math.BigDecimal;
import java.util.Optional;

/**
 * The measurements a person can share with Meetwaarden vitale functies (Zelfmetingen 2.x, STU3): the zib
 * profile, the codes and the UCUM unit of each, as in the Nictiz Sending-PHR material, and the range a
 * value must lie in to be taken at all (a typing error, not a clinical judgement).
 */
public enum MeasurementType {
    BLOOD_PRESSURE("blood-pressure", "http://nictiz.nl/fhir/StructureDefinition/zib-BloodPressure",
            "http://loinc.org", "85354-9", "Blood pressure panel with all children optional", "mm[Hg]", "mmHg", "20", "300"),
    BODY_WEIGHT("body-weight", "http://nictiz.nl/fhir/StructureDefinition/zib-BodyWeight",
            "http://loinc.org", "29463-7", "Body weight", "kg", "kg", "0.5", "500"),
    BODY_HEIGHT("body-height", "http://nictiz.nl/fhir/StructureDefinition/zib-BodyHeight",
            "http://loinc.org", "8302-2", "Body height", "cm", "cm", "20", "272"),
    BODY_TEMPERATURE("body-temperature", "http://nictiz.nl/fhir/StructureDefinition/zib-BodyTemperature",
            "http://loinc.org", "8310-5", "Body temperature", "Cel", "degree Celsius", "25", "45"),
    HEART_RATE("heart-rate", "http://nictiz.nl/fhir/StructureDefinition/zib-HeartRate",
            "http://loinc.org", "8867-4", "Heart rate", "/min", "/min", "20", "300"),
    PULSE_RATE("pulse-rate", "http://nictiz.nl/fhir/StructureDefinition/zib-PulseRate",
            "http://loinc.org", "8893-0", "Heart rate Peripheral artery by Palpation", "/min", "/min", "20", "300"),
    OXYGEN_SATURATION("oxygen-saturation", "http://nictiz.nl/fhir/StructureDefinition/zib-OxygenSaturation",
            "http://loinc.org", "59408-5", "Oxygen saturation in Arterial blood by Pulse oximetry", "%", "percent", "50", "100"),
    /** The zib Respiration: an evaluation of breathing whose rate is a component (9279-1). */
    RESPIRATION("respiration", "http://nictiz.nl/fhir/StructureDefinition/zib-Respiration",
            "http://snomed.info/sct", "422834003", "evaluatie van ademhaling", "{breaths}/min", "breaths per minute", "1", "100"),
    /** Blood glucose measured by the person (a capillary self-test). */
    BLOOD_GLUCOSE("blood-glucose", "http://nictiz.nl/fhir/StructureDefinition/vitalsign-bloodglucose",
            "http://loinc.org", "14743-9", "Glucose [Moles/volume] in Capillary blood by Glucometer", "mmol/L", "mmol/l", "0.5", "50"),
    BLOOD_GLUCOSE_FASTING("blood-glucose-fasting", "http://nictiz.nl/fhir/StructureDefinition/vitalsign-bloodglucose",
            "http://loinc.org", "14760-3", "Glucose^nuchter", "mmol/L", "mmol/l", "0.5", "50"),
    BLOOD_GLUCOSE_AFTER_MEAL("blood-glucose-after-meal", "http://nictiz.nl/fhir/StructureDefinition/vitalsign-bloodglucose",
            "http://loinc.org", "14770-2", "Glucose^na vasten", "mmol/L", "mmol/l", "0.5", "50");

    public static final String SYSTOLIC = "8480-6";
    public static final String DIASTOLIC = "8462-4";
    public static final String RESPIRATION_RATE = "9279-1";

    private final String key;
    private final String profile;
    private final String system;
    private final String code;
    private final String display;
    private final String ucum;
    private final String unit;
    private final BigDecimal min;
    private final BigDecimal max;

    MeasurementType(String key, String profile, String system, String code, String display, String ucum, String unit, String min, String max) {
        this.key = key;
        this.profile = profile;
        this.system = system;
        this.code = code;
        this.display = display;
        this.ucum = ucum;
        this.unit = unit;
        this.min = new BigDecimal(min);
        this.max = new BigDecimal(max);
    }

    public static Optional<MeasurementType> of(String key) {
        for (MeasurementType t : values()) {
            if (t.key.equals(key)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    /** The type whose code (LOINC or SNOMED) an Observation carries, for reading measurements back from a Bundle. */
    public static Optional<MeasurementType> ofCode(String code) {
        for (MeasurementType t : values()) {
            if (t.code.equals(code)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    public String key() {
        return key;
    }

    public String profile() {
        return profile;
    }

    public String system() {
        return system;
    }

    public String code() {
        return code;
    }

    public String display() {
        return display;
    }

    public String ucum() {
        return ucum;
    }

    public String unit() {
        return unit;
    }

    public BigDecimal min() {
        return min;
    }

    public BigDecimal max() {
        return max;
    }

    public boolean glucose() {
        return profile.endsWith("vitalsign-bloodglucose");
    }
}
