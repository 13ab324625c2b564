/**
 * Steps that act on the disks of the machine nixboot runs on: {@code disk.write} puts an image (an installer ISO) on
 * a USB drive, after refusing any device the running system uses, and reads it back to prove it.
 *
 * <p>What a device is and what uses it is read from the kernel's own tables, {@code /sys/class/block} and
 * {@code /proc/self/mountinfo}, plus udev's database when there is one; nothing here starts a process, so a dry run
 * can show it all.
 */
package dev.nixboot.steps.disk;
