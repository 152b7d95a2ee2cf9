-- The access log (NEN 7513): who read whose health data, when, what, from which client. A store of its own
-- (a schema apart from the event store and the dossier), kept 36 months by default, then deleted.
create schema access_log;
create table access_log.entry (
    id bigserial primary key,
    at timestamp with time zone not null,
    actor varchar(200) not null,
    person_id varchar(64),
    action varchar(40) not null,
    target varchar(300),
    client_address varchar(64),
    user_agent varchar(200),
    http_status integer
);
create index access_log_person on access_log.entry (person_id, at);
create index access_log_at on access_log.entry (at);
