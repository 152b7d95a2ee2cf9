package nl.herkomst.api.command;

import nl.herkomst.api.PersonId;
import nl.herkomst.api.ShareId;
import nl.herkomst.api.share.PatientDetails;
import nl.herkomst.api.share.ShareInput;

/** Share data with a provider: build and validate the Bundle, then prepare the MedMij authorization request. */
public record RequestShare(ShareId shareId, PersonId personId, String provider, PatientDetails patient, ShareInput input) {
    @Override
    public String toString() {
        return "RequestShare[" + shareId + ", " + provider + ", " + input + "]";
    }
}
