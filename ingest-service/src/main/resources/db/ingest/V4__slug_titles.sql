-- The title each slug was last published with through this service. A request without a slug gets one derived from
-- its title, and different titles can derive the same slug ("C++ in production" and "C# in production" both give
-- c-in-production): the second would silently replace the first insight. With this row a derived slug revises only
-- the insight of the same title, and another title gets a 409 that asks for a slug of its own. Written before the
-- event is sent (as the receipt), removed by an unpublish.
create table slug_title (
    slug       text        primary key,
    title      text        not null,
    client_id  text        not null,
    updated_at timestamptz not null
);
