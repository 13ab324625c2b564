/**
 * The compiled form of a playbook: what the compile pipeline (load, validate, template) hands to the planner and the
 * runner. Nothing here parses YAML or runs a step.
 */
package dev.nixboot.engine.model;
