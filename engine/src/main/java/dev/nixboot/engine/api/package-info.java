/**
 * What the command line (or any other front end) uses of the engine: compile a playbook with its variable inputs,
 * describe a dry run, run it with a listener for events. Everything here is plain data or a narrow interface so the
 * front end never reaches into the pipeline packages.
 */
package dev.nixboot.engine.api;
