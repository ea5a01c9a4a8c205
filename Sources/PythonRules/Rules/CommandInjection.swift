import Python

extension RuleSet {
    static let commandInjection = Rule(
        id: "python.command-injection",
        title: "OS command injection",
        cwe: 78, owasp: OWASP.a03, severity: .critical,
        explanation: "A shell command built from request data lets the client run any command on the server (`; rm -rf /`, `$(curl ...)`).",
        fix: "Run the program without a shell and pass arguments as a list: subprocess.run([\"convert\", name, \"out.png\"], check=True). If a shell is unavoidable, quote every value with shlex.quote and allow-list the choices.",
        bandit: ["B601", "B602", "B604", "B605", "B609"],
        triggering: [
            """
            import os
            from flask import request
            def ping():
                host = request.args["host"]
                os.system("ping -c 1 " + host)  # expect
            """,
            """
            import subprocess
            def convert(request):
                name = request.POST["name"]
                subprocess.run(f"convert {name} out.png", shell=True)  # expect
            """,
            """
            import subprocess, sys
            subprocess.check_output("grep %s log.txt" % sys.argv[1], shell=True)  # expect
            """,
            """
            import os
            from flask import request
            def run(cmd):
                return os.popen(cmd).read()
            def view():
                return run(request.form["cmd"])  # expect
            """,
            """
            import pty
            from flask import request
            def shell():
                pty.spawn(request.args.get("prog"))  # expect
            """,
            """
            import paramiko
            from flask import request
            def remote_ls():
                client = paramiko.SSHClient()
                client.exec_command("ls " + request.args["dir"])  # expect
            """,
        ],
        nonTriggering: [
            """
            import subprocess
            from flask import request
            def convert():
                name = request.args["name"]
                subprocess.run(["convert", name, "out.png"], check=True)
            """,
            """
            import os
            os.system("make clean")
            """,
            """
            import subprocess, shlex
            from flask import request
            def grep():
                pat = request.args["p"]
                subprocess.run("grep " + shlex.quote(pat) + " log.txt", shell=True)
            """,
            """
            import subprocess
            from flask import request
            def ping():
                host = request.args["host"]
                subprocess.call(["ping", "-c", "1", host], shell=False)
            """,
        ],
        calls: CallPattern(
            names: ["os.system", "os.popen", "os.popen2", "os.popen3", "os.popen4", "commands.getoutput", "commands.getstatusoutput",
                    "subprocess.getoutput", "subprocess.getstatusoutput", "asyncio.create_subprocess_shell", "pty.spawn", "platform.popen",
                    "subprocess.run", "subprocess.call", "subprocess.Popen", "subprocess.check_call", "subprocess.check_output"],
            methods: CallPattern.methods("exec_command")),
        onCall: { c, flow in
            var cmd: Expr? = nil
            var how = ""
            if c.matches("os.system", "os.popen", "os.popen2", "os.popen3", "os.popen4", "commands.getoutput",
                         "commands.getstatusoutput", "subprocess.getoutput", "subprocess.getstatusoutput",
                         "asyncio.create_subprocess_shell", "pty.spawn", "platform.popen") {
                cmd = c.arg(0, "cmd") ?? c.arg(0, "command") ?? c.arg(0, "argv")
                how = "the shell command of \(flow.describe(c))"
            } else if c.matches("subprocess.run", "subprocess.call", "subprocess.Popen", "subprocess.check_call", "subprocess.check_output") {
                guard let shell = c.keyword("shell"), !shell.isFalseConstant, !shell.isNoneConstant, shell.intLiteral != 0 else { return [] }
                cmd = c.arg(0, "args")
                how = "the command of \(flow.describe(c)) with shell=True"
            } else if c.method == "exec_command", c.receiver != nil {
                // paramiko's SSHClient.exec_command runs its string in the remote user's shell.
                cmd = c.arg(0, "command")
                how = "the remote shell command of \(flow.describe(c))"
            }
            guard let cmd else { return [] }
            return [Hit(span: cmd.span, value: flow.taint(cmd), sinkClass: .command, sink: how, reportUnknown: true)]
        }
    )
}
