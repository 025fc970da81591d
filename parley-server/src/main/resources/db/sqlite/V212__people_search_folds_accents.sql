-- People search folds accents since this version ("alvarez" finds "José Álvarez"; account/AccountTerms).
-- The terms of names written with letters outside ASCII were stored unfolded: they are dropped here,
-- and account/PeopleSearch.indexMissing, which runs at every start, writes them again folded.
-- Handles are ASCII letters, digits and underscores, so only display names can need it.
DELETE FROM account_terms WHERE account_id IN (SELECT id FROM accounts WHERE display_name GLOB '*[^ -~]*');
