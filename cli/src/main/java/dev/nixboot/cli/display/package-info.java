/** What people (and programs, with {@code --output json}) see: runs, plans and problems. */
package dev.nixboot.cli.display;
