/**
 * The plain data front ends hand to the engine and get back: variable inputs, run options, the dry run's planned
 * steps, run events and the summary, problems, the local host. The engine ({@code dev.nixboot.engine.PlaybookEngine})
 * and the playbook it compiles ({@code dev.nixboot.engine.compile.CompiledPlaybook}) live beside their
 * implementations; nothing here names them, so this package depends on the SPI alone.
 */
package dev.nixboot.engine.api;
