package nl.herkomst.api.share;

/** Where a share stopped. */
public enum ShareStage { VALIDATION, AUTHORIZATION, TOKEN, SEND }
