-- Databricks notebook source
-- MAGIC %md
-- MAGIC # Per-class accuracy
-- MAGIC
-- MAGIC How well each expression is recognised, from the evaluate job's tables: `summary`, `per_class`,
-- MAGIC `calibration` and `unmatched`. Per-class accuracy is recall: the share of the images of a class
-- MAGIC that were labeled with it.
-- MAGIC
-- MAGIC Locally: `scripts/submit sql --predictions <dir> --metrics <metrics-dir> -f notebooks-export/03_per_class_accuracy.sql`.
-- MAGIC In Databricks create one view per table, e.g.
-- MAGIC `CREATE OR REPLACE TEMP VIEW per_class AS SELECT * FROM parquet.`s3://<bucket>/<metrics>/per_class``.

-- COMMAND ----------

-- DBTITLE 1,Headline
SELECT count AS images,
       round(accuracy, 4) AS accuracy,
       round(top2_accuracy, 4) AS top2_accuracy,
       round(macro_f1, 4) AS macro_f1,
       round(weighted_f1, 4) AS weighted_f1,
       round(cohen_kappa, 4) AS cohen_kappa,
       round(ece, 4) AS ece,
       models
FROM summary

-- COMMAND ----------

-- DBTITLE 1,Per class, hardest first
SELECT label,
       support,
       correct,
       round(recall, 4) AS accuracy,
       round(precision, 4) AS precision,
       round(f1, 4) AS f1,
       predicted
FROM per_class
WHERE support > 0
ORDER BY recall, label_index

-- COMMAND ----------

-- DBTITLE 1,Accuracy by confidence (reliability)
SELECT round(lower, 3) AS confidence_from,
       round(upper, 3) AS confidence_to,
       count AS images,
       round(mean_confidence, 3) AS mean_confidence,
       round(accuracy, 3) AS accuracy,
       round(accuracy - mean_confidence, 3) AS gap
FROM calibration
WHERE count > 0
ORDER BY bin

-- COMMAND ----------

-- DBTITLE 1,Images not in the metrics
SELECT reason, count(*) AS images, min(path) AS example
FROM unmatched
GROUP BY reason
ORDER BY images DESC
