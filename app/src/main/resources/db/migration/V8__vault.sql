-- Secrets of the back channel (authorization codes, access tokens), encrypted at rest (AES-256-GCM) with the
-- key named by key_id; deleted when taken, when their collection or share ends, or when they expire.
create table vault_secret (
    reference varchar(200) not null primary key,
    key_id varchar(40) not null,
    nonce bytea not null,
    ciphertext bytea not null,
    expires_at timestamp with time zone not null,
    created_at timestamp with time zone not null default now()
);
create index vault_secret_expiry on vault_secret (expires_at);
