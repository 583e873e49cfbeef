package io.ferspark.model;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A {@link SequentialBlock} that, outside training, frees each layer's input as soon as that layer's
 * output exists. DJL attaches every array an operation makes to its input's manager, so a plain
 * sequential forward keeps all of its intermediate activations (three per convolution: the
 * convolution, batch norm and ReLU outputs) alive until the caller closes that manager; for
 * MobileNet V1 that is about 20 times the largest single activation per pass, and an ensemble holds
 * every member's at once. Here each layer's output moves to a fresh sub-manager and the previous
 * one closes, so at most two activations are alive at a time and the caller's manager receives only
 * the output. Training keeps the plain forward: backpropagation needs the intermediates.
 */
public class ReleasingSequentialBlock extends SequentialBlock {

  @Override
  protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    if (training || inputs.isEmpty()) {
      return super.forwardInternal(store, inputs, training, params);
    }
    NDManager caller = inputs.head().getManager();
    // The inputs join the first scope only for this call: closing it hands them back to the caller.
    NDManager held = caller.newSubManager();
    inputs.tempAttach(held);
    NDList current = inputs;
    try {
      for (Block layer : getChildren().values()) {
        NDList output = layer.forward(store, current, false, params);
        NDManager next = caller.newSubManager();
        output.attach(next);
        held.close(); // the layer's input and whatever else the layer made on the way
        held = next;
        current = output;
      }
      current.attach(caller);
      return current;
    } finally {
      held.close();
    }
  }
}
