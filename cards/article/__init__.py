"""Articles: takes a source (a file of text, Markdown, a CMS's JSON export or a saved page;
a URL; stdin) and gives an `Article` (title, url, site, author, date, language,
paragraphs, lead picture), each field knowing where it came from. The fetcher here is
the only code that opens a network connection."""
