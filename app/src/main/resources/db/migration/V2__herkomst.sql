-- Write side: provider responses, verbatim, addressed by SHA-256; pending authorization requests.
create table response_body (
    sha256 char(64) not null primary key,
    content_type varchar(255),
    size bigint not null,
    content bytea not null,
    stored_at timestamp with time zone not null default now()
);

create table authorization_state (
    state_hash char(64) not null primary key,
    collection_id varchar(36) not null,
    person_id varchar(64) not null,
    code_verifier varchar(128),
    expires_at timestamp with time zone not null,
    used_at timestamp with time zone
);
create index authorization_state_collection on authorization_state (collection_id);

-- Read side (projections; rebuilt from the events on replay).
create table collection_status (
    collection_id varchar(36) not null primary key,
    person_id varchar(64) not null,
    provider varchar(100) not null,
    gegevensdienst varchar(30) not null,
    gegevensdienst_name varchar(200),
    systeemrol varchar(30),
    fhir_version varchar(8),
    list_version varchar(20),
    status varchar(30) not null,
    outcome varchar(30),
    reason varchar(2000),
    requested_at timestamp with time zone not null,
    completed_at timestamp with time zone,
    resources integer not null default 0
);
create index collection_status_person on collection_status (person_id);

create table collection_query (
    collection_id varchar(36) not null,
    query varchar(1000) not null,
    position integer not null,
    outcome varchar(30) not null,
    resources integer not null default 0,
    pages integer not null default 0,
    http_status integer,
    failure varchar(30),
    failed_page integer,
    issues text,
    message varchar(4000),
    primary key (collection_id, query)
);

create table collection_query_resource (
    collection_id varchar(36) not null,
    query varchar(1000) not null,
    response_sha256 char(64) not null,
    entry_index integer not null,
    primary key (collection_id, response_sha256, entry_index)
);
create index collection_query_resource_query on collection_query_resource (collection_id, query);

create table dossier_source (
    collection_id varchar(36) not null primary key,
    person_id varchar(64) not null,
    provider varchar(100) not null,
    provider_display_name varchar(200),
    gegevensdienst varchar(30) not null,
    gegevensdienst_name varchar(200),
    gegevensdienst_version varchar(30),
    systeemrol varchar(30),
    fhir_version varchar(8),
    resource_endpoint varchar(1000),
    correlation_id varchar(64),
    list_version varchar(20)
);

create table dossier_response (
    collection_id varchar(36) not null,
    query varchar(1000) not null,
    page integer not null,
    response_sha256 char(64) not null,
    url varchar(4000) not null,
    http_status integer not null,
    request_id varchar(64),
    received_at timestamp with time zone not null,
    primary key (collection_id, query, page)
);

create table dossier_resource (
    collection_id varchar(36) not null,
    response_sha256 char(64) not null,
    entry_index integer not null,
    person_id varchar(64) not null,
    resource_type varchar(64) not null,
    resource_id varchar(64),
    version_id varchar(64),
    profiles varchar(4000),
    search_mode varchar(10),
    query varchar(1000) not null,
    page integer not null,
    fhir_version varchar(8) not null,
    received_at timestamp with time zone not null,
    resource_json text not null,
    primary key (collection_id, response_sha256, entry_index)
);
create index dossier_resource_person_type on dossier_resource (person_id, resource_type);
