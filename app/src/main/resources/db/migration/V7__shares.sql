-- Delen: a pending authorization request belongs to a collection or to a share.
alter table authorization_state add column flow varchar(12) not null default 'collection';

-- Read side (projection "shares"; rebuilt from the events on replay).
create table share_status (
    share_id varchar(36) not null primary key,
    person_id varchar(64) not null,
    kind varchar(30) not null,
    provider varchar(100) not null,
    provider_display_name varchar(200),
    gegevensdienst varchar(30) not null,
    gegevensdienst_name varchar(200),
    gegevensdienst_version varchar(30),
    fhir_version varchar(8),
    bundle_type varchar(20),
    bundle_sha256 char(64),
    bundle_size bigint,
    entries text,
    source varchar(200),
    list_version varchar(40),
    status varchar(30) not null,
    failure varchar(30),
    stage varchar(20),
    http_status integer,
    error varchar(100),
    message varchar(4000),
    issues text,
    validation_report_sha256 char(64),
    response_sha256 char(64),
    entry_results text,
    assigned text,
    accepted integer,
    rejected integer,
    requested_at timestamp with time zone not null,
    authorized_at timestamp with time zone,
    sent_at timestamp with time zone,
    completed_at timestamp with time zone
);
create index share_status_person on share_status (person_id, requested_at);
