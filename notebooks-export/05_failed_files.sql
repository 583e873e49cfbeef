-- Databricks notebook source
-- MAGIC %md
-- MAGIC # Failed files
-- MAGIC
-- MAGIC Files the label job could not label (status `error`): empty files, formats no decoder knows,
-- MAGIC damaged images, images over the pixel limit. Each keeps its reason in `error`.
-- MAGIC
-- MAGIC Needs the view `predictions`; see `01_label_distribution` for how to create it.

-- COMMAND ----------

-- DBTITLE 1,Failures by reason
SELECT coalesce(nullif(regexp_extract(error, '^([A-Za-z_]+)', 1), ''), 'other') AS reason,
       count(*) AS files,
       min(path) AS example
FROM predictions
WHERE status = 'error'
GROUP BY 1
ORDER BY files DESC

-- COMMAND ----------

-- DBTITLE 1,Failures by folder
SELECT regexp_extract(path, '^(.*)/[^/]*$', 1) AS folder,
       count(*) AS files,
       round(100 * count(*) / sum(count(*)) OVER (), 2) AS pct_of_failures
FROM predictions
WHERE status = 'error'
GROUP BY 1
ORDER BY files DESC
LIMIT 100

-- COMMAND ----------

-- DBTITLE 1,Failed files
SELECT path, file_size, error, labeled_at
FROM predictions
WHERE status = 'error'
ORDER BY path
LIMIT 1000
