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
 * {@link ModelDirectory} stores each member's parameters in a file of its own.
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
    return mean(members.stream().map(a -> MobileNetV1.build(a, classes)).toList());
  }

  /** Networks already built, answering as one: the mean of their logits. */
  public static Block mean(List<Block> nets) {
    return new ParallelBlock(Ensemble::meanLogits, List.copyOf(nets));
  }

  /**
   * Loads the trained networks of {@code memberDirs} (each verified against its SHA-256) into one
   * ensemble model, in that order; a directory that is itself an ensemble joins as its networks, so
   * a shipped ensemble can grow without its members' own directories. Save it with
   * {@link ModelDirectory#save} and a descriptor from {@link ModelDescriptor#ofEnsemble}. The caller
   * owns (closes) the returned model.
   */
  public static Model fromMembers(String name, List<Path> memberDirs) throws IOException {
    if (memberDirs.size() < 2) {
      throw new IllegalArgumentException("An ensemble needs at least two model directories, got " + memberDirs.size());
    }
    List<ModelDescriptor> members = memberDirs.stream().map(ModelDirectory::readDescriptor).toList();
    List<List<Path>> params = new ArrayList<>();
    for (int i = 0; i < members.size(); i++) {
      params.add(ModelDirectory.verifiedParams(memberDirs.get(i), members.get(i)));
    }
    Model model = ModelDirectory.initializedModel(name, networks(members));
    try {
      List<Block> nets = model.getBlock().getChildren().values();
      int next = 0;
      for (int i = 0; i < members.size(); i++) {
        int count = members.get(i).architectures().size();
        ModelDirectory.readParameters(nets.subList(next, next + count), model.getNDManager(), members.get(i), params.get(i));
        next += count;
      }
      return model;
    } catch (IOException | RuntimeException e) {
      model.close();
      throw e;
    }
  }

  /** The networks of these model directories in order, an ensemble's expanded into its members. */
  public static List<MobileNetV1.Architecture> networks(List<ModelDescriptor> members) {
    return members.stream().flatMap(m -> m.architectures().stream()).toList();
  }

  private static NDList meanLogits(List<NDList> outputs) {
    NDList logits = new NDList(outputs.size());
    for (NDList out : outputs) {
      logits.add(out.singletonOrThrow());
    }
    return new NDList(NDArrays.stack(logits).mean(new int[] {0}));
  }
}
