package nl.herkomst.api.command;

/** Download every MedMij list now (the Whitelist first); answered with each list's outcome by list name. */
public record RefreshLists() {
}
