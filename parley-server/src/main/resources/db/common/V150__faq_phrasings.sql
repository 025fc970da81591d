-- Business issue, point 1: an FAQ entry takes several phrasings of its question, all pointing at
-- one answer. `question` keeps the first; this column holds the others as a JSON array of strings.
ALTER TABLE faq_entries ADD COLUMN more_questions TEXT NOT NULL DEFAULT '[]';
