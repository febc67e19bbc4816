return Vidgan.Cli.CliApp.Run(args);
