-- The publication date a slug's insight has (issue found by an audit of the feed): a revision sent without
-- publishedAt took the time of the revision as its publication date, so a corrected typo moved an insight to the
-- top of the listing and the feed and changed its published date everywhere. A revision without publishedAt now keeps
-- this one. Rows written before this column existed learn it at their next publish.
alter table slug_title add column published_at timestamptz;
