package io.ferspark.groundtruth;

import io.ferspark.labels.Labels;

/** The ground truth an image-folder bucket encodes: the name of the folder that holds the file ({@code .../<class>/x.jpg}). */
public final class FolderLabel {

  private FolderLabel() {}

  /** The name of the folder holding {@code path} (any path form {@link PathKey} accepts), or "" at the root. */
  public static String folderOf(String path) {
    String key = PathKey.of(path);
    int authority = key.indexOf("://");
    if (authority >= 0) { // s3://bucket/key: folders start after the bucket
      int root = key.indexOf('/', authority + 3);
      key = root < 0 ? "/" : key.substring(root);
    }
    int slash = key.lastIndexOf('/');
    if (slash <= 0) {
      return "";
    }
    return key.substring(key.lastIndexOf('/', slash - 1) + 1, slash);
  }

  /** The class index of the folder holding {@code path}, or -1 when the folder is not a class name. */
  public static int indexOf(String path) {
    return Labels.find(folderOf(path));
  }
}
