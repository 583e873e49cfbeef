-- Databricks notebook source
-- MAGIC %md
-- MAGIC # Low-confidence review queue
-- MAGIC
-- MAGIC Images the model was unsure about, for a person to check: confidence below `review_threshold`,
-- MAGIC or a small margin between the two most probable classes. The least certain come first.
-- MAGIC
-- MAGIC Needs the view `predictions` (the label job's output); see `01_label_distribution` for how to create it.
-- MAGIC Change the threshold in the first cell.

-- COMMAND ----------

-- DBTITLE 1,Review queue
DECLARE OR REPLACE VARIABLE review_threshold DOUBLE DEFAULT 0.6;

SELECT path,
       label,
       round(confidence, 3) AS confidence,
       round(ranked[0] - ranked[1], 3) AS margin,
       labeled_at
FROM (
  SELECT *,
         sort_array(array(probabilities.angry, probabilities.disgust, probabilities.fear, probabilities.happy,
                          probabilities.neutral, probabilities.sad, probabilities.surprise), false) AS ranked
  FROM predictions
  WHERE status = 'ok'
)
WHERE confidence < review_threshold OR ranked[0] - ranked[1] < 0.1
ORDER BY confidence, path
LIMIT 1000

-- COMMAND ----------

-- DBTITLE 1,Queue size by predicted label
DECLARE OR REPLACE VARIABLE review_threshold DOUBLE DEFAULT 0.6;

SELECT label,
       count_if(confidence < review_threshold) AS to_review,
       count(*) AS images,
       round(100 * count_if(confidence < review_threshold) / count(*), 2) AS pct_to_review
FROM predictions
WHERE status = 'ok'
GROUP BY label
ORDER BY pct_to_review DESC, label
