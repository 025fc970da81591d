#!/bin/sh
# Writes parley-server/src/main/resources/dev/parley/automation/english-words.txt: the English words
# (American and British spellings) of four letters or more, lower case, that Spelling never changes.
# Needs Debian's wamerican and wbritish packages (apt-get install wamerican wbritish).
set -eu
out="$(dirname "$0")/../../parley-server/src/main/resources/dev/parley/automation/english-words.txt"
head_lines=$(grep -c '^#' "$out" 2>/dev/null || echo 0)
tmp=$(mktemp)
if [ "$head_lines" -gt 0 ]; then head -n "$head_lines" "$out" > "$tmp"; fi
cat /usr/share/dict/american-english /usr/share/dict/british-english | grep -E '^[a-z]{4,}$' | LC_ALL=C sort -u >> "$tmp"
mv "$tmp" "$out"
