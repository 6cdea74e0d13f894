"""The public site: published articles only (list, article, series, feed, sitemap, the
search page), cached under the published version."""
