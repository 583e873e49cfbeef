-- Databricks notebook source
-- MAGIC %md
-- MAGIC # Label distribution
-- MAGIC
-- MAGIC What the expression classifier found in a bucket: how many files were labeled or failed, how the
-- MAGIC labels and confidences are spread, and which model labeled them.
-- MAGIC
-- MAGIC Needs the view `predictions` (the label job's Parquet output). In Databricks:
-- MAGIC `CREATE OR REPLACE TEMP VIEW predictions AS SELECT * FROM parquet.`s3://<bucket>/<labels>``.
-- MAGIC Locally: `scripts/submit sql --predictions <dir> -f notebooks-export/01_label_distribution.sql`.

-- COMMAND ----------

-- DBTITLE 1,Files by status
SELECT status,
       count(*) AS files,
       round(100 * count(*) / sum(count(*)) OVER (), 2) AS pct
FROM predictions
GROUP BY status
ORDER BY files DESC

-- COMMAND ----------

-- DBTITLE 1,Labels among the images labeled
SELECT label,
       count(*) AS images,
       round(100 * count(*) / sum(count(*)) OVER (), 2) AS pct,
       round(avg(confidence), 3) AS mean_confidence
FROM predictions
WHERE status = 'ok'
GROUP BY label
ORDER BY images DESC

-- COMMAND ----------

-- DBTITLE 1,Confidence histogram (bins of 0.1)
SELECT round(least(floor(confidence * 10), 9) / 10, 1) AS confidence_from,
       count(*) AS images,
       round(100 * count(*) / sum(count(*)) OVER (), 2) AS pct
FROM predictions
WHERE status = 'ok'
GROUP BY 1
ORDER BY 1

-- COMMAND ----------

-- DBTITLE 1,Models and labeling runs
SELECT model.name AS model,
       substr(model.sha256, 1, 12) AS sha256,
       count(*) AS files,
       min(labeled_at) AS first_labeled,
       max(labeled_at) AS last_labeled
FROM predictions
GROUP BY model.name, model.sha256
ORDER BY files DESC
