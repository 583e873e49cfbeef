package io.ferspark.jobs.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RedactionTest {

  @Test
  void masksUserInfoOfAnyUri() {
    assertEquals("getFileStatus on s3a://***@images/happy/1.jpg: 404",
        Redaction.redact("getFileStatus on s3a://AKIAEXAMPLE:wJalrXUtnFEMI/K7MDENG@images/happy/1.jpg: 404"));
    assertEquals("`s3a://***@b/x' and https://***@host:9000/b",
        Redaction.redact("`s3a://KEY:SECRET@b/x' and https://user:pa%2Fss@host:9000/b"));
  }

  @Test
  void masksSignatureParametersOfPresignedUrls() {
    String url = "https://b.s3.amazonaws.com/k.jpg?X-Amz-Algorithm=AWS4-HMAC-SHA256"
        + "&X-Amz-Credential=AKIAEXAMPLE%2F20250101%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Security-Token=FwoGZXIvYXdzEJr"
        + "&X-Amz-Signature=fe5f80f77d5fa3beca038a248ff027d0445342fe2855ddc963176630326f1024";
    String redacted = Redaction.redact(url);
    assertEquals("https://b.s3.amazonaws.com/k.jpg?X-Amz-Algorithm=AWS4-HMAC-SHA256"
        + "&X-Amz-Credential=***&X-Amz-Security-Token=***&X-Amz-Signature=***", redacted);
  }

  @Test
  void leavesPathsWithoutCredentialsAlone() {
    for (String text : new String[] {"s3a://images/train/happy", "file:/data/fer/val", "/data/a@b/c.jpg",
        "s3a://bucket/folder/name@2x.png", "hdfs://namenode:8020/fer"}) {
      assertEquals(text, Redaction.redact(text));
      assertFalse(Redaction.containsCredentials(text), text);
    }
    assertTrue(Redaction.containsCredentials("s3a://K:S@bucket/x"));
    assertNull(Redaction.redact(null));
  }
}
