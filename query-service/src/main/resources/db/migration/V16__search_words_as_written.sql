-- Search reads the words of the stored plain text as their author wrote them (docs/adr/0009-search-in-postgresql.md).
-- PostgreSQL's default parser reads HTML and addresses into plain text: "List<Object>" lost <Object> as a tag (and
-- ts_headline dropped it from the snippets), "<script>…</script>" hid everything between, "Schema.org" and
-- "repository.findById" were one host token that only the whole found, "KIP-848" stored '-848', and "C++", "C#"
-- and "C" were all 'c'. search_text() rewrites a text before the parser sees it, for the stored vectors, the query
-- and the headlines alike, so that all three read the same words:
--
-- * a control character \x05 goes after every "<", after a "." between a letter or digit and a letter, after a "-"
--   between a letter or digit and a digit, and after a "/" before a letter or digit: the parser then reads the
--   words on either side as words of their own (a query "Schema.org" becomes the phrase 'schema' <-> 'org', which
--   the document holds at neighbouring positions), and deleting \x05 gives back the text as written;
-- * C++, C#, F# and .NET become the words cplusplus, csharp, fsharp and dotnet between the marks \x0e and \x0f, which
--   SearchHit's headlines turn back into the names (query-service search/Snippets);
-- * the text's own control characters other than white space become spaces, so that every \x05, \x0e and \x0f (and
--   ts_headline's selection marks \x02 and \x03) in a headline is the search's own.
--
-- A stored vector is computed when its row is written: a change to search_text() needs a migration that writes the
-- stored vectors again, as this one does (see the end of this file).
create function search_text(written text) returns text language plpgsql immutable parallel safe as $$
declare
    words text := written;
begin
    if words ~ '[\x01-\x08\x0e-\x1f]' then
        words := regexp_replace(words, '[\x01-\x08\x0e-\x1f]', ' ', 'g');
    end if;
    words := regexp_replace(words,
        '<|(?<=[[:alnum:]])\.(?=[[:alpha:]])|(?<=[[:alnum:]])-(?=[[:digit:]])|/(?=[[:alnum:]])', E'\\&\x05', 'g');
    -- the names are rare: most texts skip these four passes
    if strpos(words, '++') > 0 or strpos(words, '#') > 0
       or strpos(words, '.NET') > 0 or strpos(words, '.net') > 0 or strpos(words, '.Net') > 0 then
        words := regexp_replace(words, '(?<![[:alnum:]_+#.-])[Cc]\+\+(?![+#])', E'\x0ecplusplus\x0f', 'g');
        words := regexp_replace(words, '(?<![[:alnum:]_+#.-])[Cc]#(?![[:alnum:]_+#])', E'\x0ecsharp\x0f', 'g');
        words := regexp_replace(words, '(?<![[:alnum:]_+#.-])[Ff]#(?![[:alnum:]_+#])', E'\x0efsharp\x0f', 'g');
        words := regexp_replace(words, '(?<![[:alnum:]_.-])\.[Nn][Ee][Tt](?![[:alnum:]_])', E'\x0edotnet\x0f', 'g');
    end if;
    return words;
end $$;

-- What a search matches: web-search syntax over the words as search_text() makes them.
create function search_query(config regconfig, query text) returns tsquery language sql immutable parallel safe as $$
    select websearch_to_tsquery(config, search_text(query)) $$;

-- The vocabulary of the typo path holds the words as search reads them ("List<Object>" gives object).
create or replace function projection_search_document_changed() returns trigger language plpgsql as $$
begin
    perform from new_rows limit 1;
    if not found then
        return null;
    end if;
    execute format($sql$
        insert into %1$I.search_term (term)
        select distinct term
        from new_rows n
        cross join lateral unnest(tsvector_to_array(to_tsvector('simple',
            search_text(n.title || ' ' || n.summary || ' ' || n.tags || ' ' || n.category)))) term
        where length(term) between 3 and 40 and term !~ '[0-9_]'
          -- the names' marked words are for the index, not for a suggestion ("dotnat" is not "dotnet")
          and term not in ('cplusplus', 'csharp', 'fsharp', 'dotnet')
        order by term
        on conflict do nothing$sql$, tg_table_schema);
    return null;
end $$;

-- Every generation the projector writes or readers read (as V10): the stored vectors are computed again for every
-- row (a rewrite of the table and its indexes, under an exclusive lock: see docs/adr/0009 for what it costs), and the
-- vocabulary gets the words that the parser hid before.
do $$
declare
    generation text;
begin
    for generation in select g.schema_name from projection_generation g
                      join pg_namespace n on n.nspname = g.schema_name
                      where g.state in ('active', 'building') order by g.schema_name loop
        execute format($sql$
            alter table %1$I.insight_search
                alter column document_en set expression as (case when language <> 'de' then
                    setweight(to_tsvector('english'::regconfig, search_text(title)), 'A')
                    || setweight(to_tsvector('english'::regconfig,
                                             search_text(summary || ' ' || tags || ' ' || category)), 'B')
                    || setweight(to_tsvector('english'::regconfig, search_text(body_text)), 'C') end),
                alter column document_de set expression as (case when language = 'de' then
                    setweight(to_tsvector('german'::regconfig, search_text(title)), 'A')
                    || setweight(to_tsvector('german'::regconfig,
                                             search_text(summary || ' ' || tags || ' ' || category)), 'B')
                    || setweight(to_tsvector('german'::regconfig, search_text(body_text)), 'C') end);
            insert into %1$I.search_term (term)
            select distinct term from %1$I.insight_search,
                unnest(tsvector_to_array(to_tsvector('simple',
                    search_text(title || ' ' || summary || ' ' || tags || ' ' || category)))) term
            where length(term) between 3 and 40 and term !~ '[0-9_]'
              and term not in ('cplusplus', 'csharp', 'fsharp', 'dotnet')
            on conflict do nothing;
        $sql$, generation);
    end loop;
end $$;
