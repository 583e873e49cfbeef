package io.ferspark.model;

import ai.djl.Model;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.nn.ParallelBlock;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Several trained MobileNet V1 networks answering as one: each sees the same faces and the
 * ensemble's logits are the mean of theirs. Independently trained networks make partly different
 * mistakes, so the mean is more accurate than any member; the cost is one forward pass per member.
 * The block saves and loads its members' parameters one after the other in a single file.
 */
public final class Ensemble {

  private Ensemble() {}

  /** One network for one architecture, else the mean of one network per architecture. */
  public static Block build(List<MobileNetV1.Architecture> members, int classes) {
    if (members.isEmpty()) {
      throw new IllegalArgumentException("An ensemble needs at least one member");
    }
    if (members.size() == 1) {
      return MobileNetV1.build(members.get(0), classes);
    }
    return new ParallelBlock(Ensemble::meanLogits, members.stream().map(a -> MobileNetV1.build(a, classes)).toList());
  }

  /**
   * Loads the trained networks of {@code memberDirs} (each verified against its SHA-256) into one
   * ensemble model, in that order; save it with {@link ModelDirectory#save} and a descriptor from
   * {@link ModelDescriptor#ofEnsemble}. The caller owns (closes) the returned model.
   */
  public static Model fromMembers(String name, List<Path> memberDirs) throws IOException {
    if (memberDirs.size() < 2) {
      throw new IllegalArgumentException("An ensemble needs at least two model directories, got " + memberDirs.size());
    }
    List<ModelDescriptor> members = new ArrayList<>();
    for (Path dir : memberDirs) {
      ModelDescriptor member = ModelDirectory.readDescriptor(dir);
      if (member.isEnsemble()) {
        throw new IllegalArgumentException("Model directory " + dir + " is already an ensemble: name the model "
            + "directories it was built from instead");
      }
      members.add(member);
    }
    Model model = ModelDirectory.initializedModel(name, members.stream().map(ModelDescriptor::architectureSpec).toList());
    try {
      List<Block> nets = model.getBlock().getChildren().values();
      for (int i = 0; i < members.size(); i++) {
        Path params = ModelDirectory.verifiedParams(memberDirs.get(i), members.get(i));
        ModelDirectory.readParameters(nets.get(i), model.getNDManager(), params);
      }
      return model;
    } catch (IOException | RuntimeException e) {
      model.close();
      throw e;
    }
  }

  private static NDList meanLogits(List<NDList> outputs) {
    NDList logits = new NDList(outputs.size());
    for (NDList out : outputs) {
      logits.add(out.singletonOrThrow());
    }
    return new NDList(NDArrays.stack(logits).mean(new int[] {0}));
  }
}
