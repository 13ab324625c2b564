/** One playbook over an inventory's hosts: a run per host, shown in one display. */
package dev.nixboot.cli.hosts;
