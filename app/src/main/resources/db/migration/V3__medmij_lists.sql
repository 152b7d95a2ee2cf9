-- The MedMij lists (projection of ListVersionAccepted / ListDownloadRejected; rebuilt from the events on replay).
-- The bytes of every version are in response_body under their SHA-256.
create table medmij_list_version (
    list varchar(16) not null,
    volgnummer numeric not null,
    release varchar(8) not null,
    tijdstempel varchar(64) not null,
    sha256 char(64) not null,
    size bigint not null,
    counts varchar(500) not null,
    source varchar(2000) not null,
    fetched_at timestamp with time zone not null,
    primary key (list, volgnummer)
);

-- The last download that brought each list's version in use (again): kept by the fetcher, not a projection, so a
-- replay leaves it alone; a restart without the network computes the lists' age from it.
create table medmij_list_confirmation (
    list varchar(16) not null primary key,
    sha256 char(64) not null,
    confirmed_at timestamp with time zone not null
);
create index medmij_list_version_fetched on medmij_list_version (list, fetched_at);

-- The last rejected download of each list.
create table medmij_list_rejection (
    list varchar(16) not null primary key,
    code varchar(40) not null,
    reasons text not null,
    source varchar(2000) not null,
    sha256 char(64),
    http_status integer,
    volgnummer varchar(64),
    fetched_at timestamp with time zone not null
);

-- Provenance: the Whitelist version a collection started under; Volgnummers may be long.
alter table collection_status alter column list_version type varchar(64);
alter table collection_status add column whitelist_version varchar(64);
alter table dossier_source alter column list_version type varchar(64);
alter table dossier_source add column whitelist_version varchar(64);
