-- Crypto-shredding: one data key per person for the personal values of events (their id, texts and ids a
-- provider sent). The key is wrapped (AES-256-GCM) with the vault key named by wrapping_key_id. Erasing a
-- person deletes their row: what was sealed with it stays in the event store and can no longer be read.
create table person_key (
    key_id varchar(36) not null primary key,
    person_hash char(64) not null unique,
    wrapping_key_id varchar(40) not null,
    nonce bytea not null,
    wrapped bytea not null,
    created_at timestamp with time zone not null default now()
);
