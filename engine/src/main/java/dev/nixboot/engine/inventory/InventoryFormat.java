package dev.nixboot.engine.inventory;

import dev.nixboot.engine.spi.Description;
import dev.nixboot.engine.spi.ParameterNames;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The shape of an inventory file, said once: the reader takes its keys from these records and the published schema
 * (schemas/inventory.schema.json) is generated from them. Variable values are typed by the playbook that uses them.
 */
public final class InventoryFormat {
    private InventoryFormat() {}

    @Description("The hosts one nixboot run works on, with their variables: `nixboot run PLAYBOOK --inventory FILE`"
            + " runs the playbook once per host. For each host, variables come from the playbook's defaults, then"
            + " this file's vars, then each of the host's groups' vars in the order listed, then the host's own"
            + " vars; --vars-file and --var on the command line win over all of them. The host's name is its"
            + " `host` variable when the playbook declares one and nothing here sets it.")
    public record Document(
            @Description("Variables for every host.") Map<String, Object> vars,

            @Description("Named groups of shared variables; a host joins them with its groups list.")
            Map<String, Group> groups,

            @Description("The hosts, by name (letters, digits, '.', '-', '_'); a host with nothing to set is"
                    + " written `name:` or `name: {}`.")
            Map<String, Host> hosts) {}

    @Description("Variables shared by the hosts that list this group.")
    public record Group(
            @Description("The group's variables.") Map<String, Object> vars) {}

    @Description("One host.")
    public record Host(
            @Description("Groups whose variables this host takes, lowest precedence first.")
            List<String> groups,

            @Description("This host's own variables; they win over its groups' and the file's.")
            Map<String, Object> vars) {}

    /** The keys a mapping of this shape may have, as written in YAML. */
    static List<String> keys(Class<? extends Record> shape) {
        return Arrays.stream(shape.getRecordComponents())
                .map(c -> ParameterNames.yamlName(c.getName()))
                .toList();
    }
}
