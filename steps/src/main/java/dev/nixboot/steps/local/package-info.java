/**
 * Steps that act on the machine nixboot runs on: {@code exec} starts a local process, {@code confirm} and
 * {@code prompt} ask the person running nixboot.
 */
package dev.nixboot.steps.local;
