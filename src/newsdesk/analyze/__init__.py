"""Analysis of a story's articles: sentences, facts, quotes, entities, discrepancies, timeline."""
