import java.io.File;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;

import net.grinder.common.GrinderProperties;
import net.grinder.communication.StreamSender;
import net.grinder.engine.common.ScriptLocation;
import net.grinder.engine.messages.InitialiseGrinderMessage;
import net.grinder.engine.process.SimpleWorkerIdentity;
import net.grinder.engine.process.WorkerProcessEntryPoint;
import net.grinder.util.Directory;

/**
 * Plays the part of an nGrinder agent for one worker process, without a console: hands Grinder's worker entry point
 * (the same one an nGrinder agent's child JVM runs) the initialisation message for a grinder.properties and the
 * script it names, then lets the worker run its threads and runs to the end.
 *
 * Run as a single-file source program, on the class path of nGrinder's runtime (NgrinderWorker starts it):
 *   java -javaagent:grinder-dcr-agent.jar -Dngrinder.context=agent -cp <worker dir>:<runtime> GrinderWorker.java grinder.properties
 * It is not compiled by the build: the build's class path has no Grinder class.
 */
public final class GrinderWorker {

	public static void main(String[] args) throws Exception {
		File propertiesFile = new File(args[0]).getAbsoluteFile();
		GrinderProperties properties = new GrinderProperties(propertiesFile);
		File directory = propertiesFile.getParentFile();
		File script = new File(directory, properties.getProperty(GrinderProperties.SCRIPT));
		SimpleWorkerIdentity worker = new SimpleWorkerIdentity("worker", 0);

		// The agent's control stream. It stays open while the worker runs: a worker whose stream ends stops early.
		PipedOutputStream agentSide = new PipedOutputStream();
		PipedInputStream workerSide = new PipedInputStream(agentSide, 1 << 16);
		new StreamSender(agentSide).send(new InitialiseGrinderMessage(worker, worker, false,
				new ScriptLocation(new Directory(directory), script), properties));
		System.exit(new WorkerProcessEntryPoint().run(workerSide));
	}

}
