package org.vmiucv.cli;

import org.vmiucv.engine.Supervisor;

import java.util.List;
import java.util.concurrent.Callable;

import org.vmiucv.engine.MachineId;
import org.vmiucv.engine.SmsgText;
import org.vmiucv.engine.system.SystemClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code iucv smsg FROM TO TEXT...}: sends an SMSG on behalf of FROM (which need not be logged on).
 */
@Command(name = "smsg", description = "Send an SMSG: short ASCII text, best effort.")
final class SmsgCommand implements Callable<Integer>
{
    @Mixin
    SystemMixin system;

    @ParentCommand
    Iucv root;

    @Parameters(index = "0", paramLabel = "FROM", description = "sender, e.g. an operator name")
    String from;

    @Parameters(index = "1", paramLabel = "TO", description = "target machine")
    String to;

    @Parameters(index = "2..*", arity = "1..*", paramLabel = "TEXT", description = "words joined by single blanks")
    List<String> words;

    /** {@inheritDoc} */
    public Integer call() throws Exception
    {
        final MachineId source = MachineId.parse(from);
        final MachineId target = MachineId.parse(to);
        final SmsgText text = SmsgText.of(String.join(" ", words));
        try (Supervisor client = system.attach())
        {
            client.smsg(source, target, text);
        }
        root.out.println("SMSG " + source + " -> " + target + " sent (" + text.length() + " bytes) pid=" +
            ProcessHandle.current().pid());
        return 0;
    }
}
