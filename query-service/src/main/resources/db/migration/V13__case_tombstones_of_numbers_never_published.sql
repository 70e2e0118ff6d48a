-- An unpublish of a case number that was never published (an editor's DELETE of a mistyped number) stores a
-- tombstone, as every unpublish does: it keeps the number's revision order (V9). Its page and JSON answered 410
-- "unpublished" for good. was_published says whether the case was ever published: a tombstone of one that was
-- answers 410, one of a number never published 404, as any number nothing was published under. Rows written before
-- this migration count as published once (their tombstones keep answering 410): whether they were was not recorded.
alter table public.cases add column was_published boolean not null default true;
