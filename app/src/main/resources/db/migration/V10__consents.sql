-- Long-term consents (projection "consents"; rebuilt from the events on replay). The refresh tokens are in the vault.
create table consent_status (
    consent_id varchar(36) not null primary key,
    person_id varchar(64) not null,
    provider varchar(100) not null,
    provider_display_name varchar(200),
    gegevensdienst varchar(30) not null,
    gegevensdienst_name varchar(200),
    gegevensdienst_version varchar(30),
    scope varchar(300),
    status varchar(20) not null,
    granted_with varchar(36) not null,
    granted_at timestamp with time zone not null,
    last_used_at timestamp with time zone not null,
    last_collection_id varchar(36),
    collections integer not null default 0,
    ended_at timestamp with time zone,
    end_reason varchar(40),
    end_error varchar(100)
);
create index consent_status_person on consent_status (person_id);
create index consent_status_active on consent_status (status, last_used_at);

-- a collection that ran on a long-term consent, without the person, names it
alter table collection_status add column consent_id varchar(36);
