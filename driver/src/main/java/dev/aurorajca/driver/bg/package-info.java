/**
 * The {@code bg} plugin: Aurora MySQL blue/green switchovers without application errors. The
 * phase logic ({@link dev.aurorajca.driver.bg.BgTracker}) is free of threads and connections;
 * {@code BgDeployment} runs one status monitor per side on the runtime's scheduler;
 * {@link dev.aurorajca.driver.bg.BlueGreenPlugin} holds traffic during the switchover and maps blue
 * to green afterwards.
 */
package dev.aurorajca.driver.bg;
