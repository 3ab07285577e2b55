/** QR codes for linking devices: encoding a link into modules, writing and reading images. */
package chat.mz.client.qr;
