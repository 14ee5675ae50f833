// The app and the extensions import BuraoDemoKit alone and get Burao with it, so
// libburao is linked once, into BuraoDemoKit.framework, not into each target.
@_exported import Burao
