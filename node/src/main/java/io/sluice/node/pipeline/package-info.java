/**
 * One destination's change pipeline: events from the source, the schema history kept and shared through the
 * coordinator's {@code SchemaHistoryStore} ({@link io.sluice.node.pipeline.SchemaTracker}), filters, canal entries
 * and a sink, with a cursor that a restart resumes from ({@link io.sluice.node.pipeline.ChangePipeline}). This is
 * the last stage of the data path so far: it imports the earlier ones, and none of them imports it.
 * docs/design.md, "The change pipeline", describes schema tracking and the guarantee on restart.
 */
package io.sluice.node.pipeline;
