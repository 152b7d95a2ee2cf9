-- Support view (projection; rebuilt on replay): what a collection did, without any health content. The person
-- appears only as a keyed pseudonym; OperationOutcome issues only as codes and the length of their text.
create table support_collection (
    collection_id varchar(36) not null primary key,
    person_ref varchar(32) not null,
    provider varchar(100) not null,
    gegevensdienst varchar(30) not null,
    gegevensdienst_version varchar(30),
    zal_volgnummer varchar(64),
    whitelist_volgnummer varchar(64),
    correlation_id varchar(64),
    status varchar(30) not null,
    outcome varchar(30),
    failure varchar(100),
    queries_total integer not null,
    queries_failed integer not null default 0,
    resources integer not null default 0,
    requested_at timestamp with time zone not null,
    authorized_at timestamp with time zone,
    token_at timestamp with time zone,
    completed_at timestamp with time zone,
    last_step_at timestamp with time zone not null
);
create index support_collection_requested on support_collection (requested_at);
create index support_collection_provider on support_collection (provider, gegevensdienst, requested_at);

create table support_query (
    collection_id varchar(36) not null,
    query_index integer not null,
    query varchar(2000) not null,
    outcome varchar(30) not null,
    http_status integer,
    failure varchar(30),
    failed_page integer,
    issue_codes varchar(500),
    diagnostics_length integer not null default 0,
    pages integer not null default 0,
    resources integer not null default 0,
    request_id varchar(64),
    started_at timestamp with time zone,
    completed_at timestamp with time zone,
    primary key (collection_id, query_index)
);

create table support_step (
    collection_id varchar(36) not null,
    step_index integer not null,
    at timestamp with time zone not null,
    step varchar(40) not null,
    query_index integer,
    page integer,
    http_status integer,
    code varchar(100),
    primary key (collection_id, step_index)
);
