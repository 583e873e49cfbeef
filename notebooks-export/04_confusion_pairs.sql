-- Databricks notebook source
-- MAGIC %md
-- MAGIC # Confusion pairs
-- MAGIC
-- MAGIC Which expressions the model mixes up, from the evaluate job's `confusion` table (one row per true
-- MAGIC and predicted class) and `errors` table (the misclassified images).
-- MAGIC
-- MAGIC Locally: `scripts/submit sql --predictions <dir> --metrics <metrics-dir> -f notebooks-export/04_confusion_pairs.sql`.

-- COMMAND ----------

-- DBTITLE 1,Most confused pairs
SELECT truth,
       predicted,
       count AS images,
       round(row_fraction, 4) AS share_of_truth
FROM confusion
WHERE truth <> predicted AND count > 0
ORDER BY count DESC, truth_index, predicted_index
LIMIT 10

-- COMMAND ----------

-- DBTITLE 1,Pairs confused in either direction
SELECT least(truth, predicted) AS class_a,
       greatest(truth, predicted) AS class_b,
       sum(count) AS images
FROM confusion
WHERE truth <> predicted
GROUP BY 1, 2
HAVING sum(count) > 0
ORDER BY images DESC, class_a, class_b

-- COMMAND ----------

-- DBTITLE 1,Confusion matrix (rows: truth)
SELECT *
FROM (SELECT truth, truth_index, predicted, count FROM confusion)
PIVOT (sum(count) FOR predicted IN ('angry', 'disgust', 'fear', 'happy', 'neutral', 'sad', 'surprise'))
ORDER BY truth_index

-- COMMAND ----------

-- DBTITLE 1,Most confident mistakes
SELECT path,
       truth,
       prediction,
       round(confidence, 3) AS confidence,
       round(truth_probability, 3) AS truth_probability
FROM errors
ORDER BY confidence DESC, path
LIMIT 50
