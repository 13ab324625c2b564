package dev.nixboot.steps.disk;

import dev.nixboot.engine.spi.ByteSize;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/** Every reason not to write an image to a device, in the order a person would deal with them. */
final class Refusals {
    private Refusals() {}

    /**
     * @param uses what on this machine uses the device ({@link DeviceUse})
     * @param imageBytes the image's size; empty when it is not known yet (a dry run before the image is built)
     * @param allowNonRemovable whether the playbook said a fixed disk is meant
     */
    static List<String> of(BlockDevice device, List<String> uses, OptionalLong imageBytes, boolean allowNonRemovable) {
        if (!device.partitionOf().isEmpty()) {
            return List.of(device.shown() + " is a partition of /dev/" + device.partitionOf() + ": an image goes"
                    + " on a whole disk; give /dev/" + device.partitionOf() + " if that is the drive you mean");
        }
        List<String> refusals = new ArrayList<>(uses);
        if (device.readOnly()) {
            refusals.add(device.node() + " is read-only (a write-protect switch on the stick or card?)");
        }
        if (device.sizeBytes() == 0) {
            refusals.add(device.node() + " has no medium (its size is 0): insert the card or stick");
        } else if (imageBytes.isPresent() && device.sizeBytes() < imageBytes.getAsLong()) {
            refusals.add(device.node() + " holds " + ByteSize.format(device.sizeBytes()) + " (" + device.sizeBytes()
                    + " bytes), less than the image's " + ByteSize.format(imageBytes.getAsLong()) + " ("
                    + imageBytes.getAsLong() + " bytes)");
        }
        if (!device.removable() && !allowNonRemovable) {
            refusals.add(device.node() + " is not a removable drive (/sys/block/" + device.name() + "/removable is"
                    + " 0)" + (device.usb() ? ", though it is on USB (USB disks in enclosures say so)" : "")
                    + ": if it is the drive you mean, set allow_non_removable: true");
        }
        return refusals;
    }
}
