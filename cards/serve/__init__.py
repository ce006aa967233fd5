"""The web page (`cards serve`): a local Starlette app over the pipeline. It takes a story
(pasted, uploaded or fetched), the page's choices and its uploads, and gives the ranked
quotes, live verification, each card's file with its alt text and the `cards render`
command that makes the same bytes."""
