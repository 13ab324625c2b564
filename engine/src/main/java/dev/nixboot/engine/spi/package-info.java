/**
 * The step extension point. A step is a stateless object found with {@link java.util.ServiceLoader}: a short stable
 * type name, a parameter record whose components carry Jakarta constraints and {@link Description}s, a side-effect
 * free {@link Step#plan} and an {@link Step#execute} that returns an output record, read by the engine as
 * {@link Outputs}.
 */
package dev.nixboot.engine.spi;
