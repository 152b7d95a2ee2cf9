-- Tamper evidence: checkpoints over the event store in global order (each chained to the one before).
create table audit_checkpoint (
    upto_global_index bigint not null primary key,
    events bigint not null,
    hash char(64) not null,
    previous char(64) not null,
    created_at timestamp with time zone not null
);
